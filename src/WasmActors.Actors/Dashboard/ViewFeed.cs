using System.Net;
using System.Text;
using System.Text.Json;

namespace WasmActors.Actors.Dashboard;

/// <summary>
/// Server-sent events of one <see cref="ClusterView"/> a second, taken once for every open stream and GET /api/view
/// (not once per reader), and only while someone watches; the one taker keeps the rates between views consistent.
/// Streams beyond the bound are refused.
/// </summary>
internal sealed class ViewFeed(ClusterWatch watch, int maxStreams) : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _taking = new(1, 1);
    private int _streams;
    private static readonly byte[] EventStart = Encoding.UTF8.GetBytes("data: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    private (DateTime At, byte[] Json)? _latest;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    public async Task StreamAsync(HttpListenerResponse response)
    {
        if (Interlocked.Increment(ref _streams) > maxStreams)
        {
            Interlocked.Decrement(ref _streams);
            response.StatusCode = 503;
            response.Close();
            return;
        }

        try
        {
            response.ContentType = "text/event-stream";
            response.Headers["Cache-Control"] = "no-store";
            response.SendChunked = true;
            var stop = _stop.Token;
            while (!stop.IsCancellationRequested)
            {
                var json = await LatestAsync();
                await response.OutputStream.WriteAsync(EventStart, stop);
                await response.OutputStream.WriteAsync(json, stop);
                await response.OutputStream.WriteAsync(EventEnd, stop);
                await response.OutputStream.FlushAsync(stop);
                await Task.Delay(Period, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // the dashboard stops
        }
        finally
        {
            Interlocked.Decrement(ref _streams);
            response.Abort();
        }
    }

    /// <summary>The view of this second as JSON, taken by the first reader that asks for it.</summary>
    public async Task<byte[]> LatestAsync()
    {
        await _taking.WaitAsync(_stop.Token);
        try
        {
            if (_latest is not { } latest || DateTime.UtcNow - latest.At >= Period * 0.9)
            {
                var view = await watch.TakeAsync();
                latest = (DateTime.UtcNow, JsonSerializer.SerializeToUtf8Bytes(view, DashboardServer.Json));
                _latest = latest;
            }

            return latest.Json;
        }
        finally
        {
            _taking.Release();
        }
    }
}
