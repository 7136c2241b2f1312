using System.Runtime.CompilerServices;

namespace WasmActors.Transport.Quic;

/// <summary>Marks the threads that run a QUIC backend's I/O loop. Stream reads resume inline on such a
/// thread (no hop to the thread pool per batch of datagrams), so code that reads a stream must leave it
/// before control returns to a caller, whose code must never hold up every connection of the endpoint.</summary>
internal static class IoThread
{
    [ThreadStatic]
    private static bool t_isIoThread;

    public static bool IsCurrent => t_isIoThread;

    /// <summary>Called once by the loop thread itself.</summary>
    public static void MarkCurrent() => t_isIoThread = true;

    /// <summary>Awaited: continues on the thread pool when running on an I/O thread, else right here.</summary>
    public static LeaveAwaitable LeaveAsync() => default;

    /// <summary>Decides at the await itself, on the awaiting thread. (Awaiting a task that hops would not do:
    /// the hop can finish before the await looks, which then goes on synchronously on the I/O thread.)</summary>
    public readonly struct LeaveAwaitable : ICriticalNotifyCompletion
    {
        public LeaveAwaitable GetAwaiter() => this;

        public bool IsCompleted => !t_isIoThread;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => Task.Yield().GetAwaiter().OnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => Task.Yield().GetAwaiter().UnsafeOnCompleted(continuation);
    }
}
