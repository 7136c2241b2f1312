using System.Text;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Node.Run;

/// <summary>
/// A write-only stream that decodes UTF-8 into a <see cref="TextWriter"/>, for running a program with output captured
/// by an in-process caller. Invalid sequences become U+FFFD; the process's real streams are used directly instead.
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : GuestOutputStream
{
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chars = new char[_decoder.GetCharCount(buffer, flush: false)];
        var written = _decoder.GetChars(buffer, chars, flush: false);
        writer.Write(chars, 0, written);
    }

    public override void Flush() => writer.Flush();
}
