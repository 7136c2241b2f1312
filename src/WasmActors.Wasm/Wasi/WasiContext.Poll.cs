using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Wasi;

/// <summary>
/// poll_oneoff. Files and the standard streams are always ready (reads and writes on them complete without waiting,
/// as on POSIX), so fd subscriptions are answered at once; when there are only clock subscriptions the call sleeps
/// until the earliest deadline and reports the clocks that are then due. <see cref="Interrupt"/> cuts such a sleep
/// short with EINTR.
/// </summary>
public sealed partial class WasiContext
{
    private const byte EventClock = 0;
    private const byte EventFdRead = 1;
    private const byte EventFdWrite = 2;
    private const ushort SubscriptionClockAbsolute = 1;

    private readonly record struct PollEvent(ulong UserData, WasiErrno Error, byte Type, ulong ReadyBytes);

    internal WasiErrno PollOneoff(MemoryInstance memory, uint subscriptions, uint events, uint count, uint eventCountOut) =>
        Guard(() => PollOneoffCore(memory, subscriptions, events, count, eventCountOut));

    private WasiErrno PollOneoffCore(MemoryInstance memory, uint subscriptions, uint events, uint count, uint eventCountOut)
    {
        if (count == 0)
        {
            return WasiErrno.Invalid;
        }

        if (count > WasiLayout.MaxSubscriptions)
        {
            return WasiErrno.NotSupported;
        }

        GuestMemory.CheckOut(memory, subscriptions, (ulong)count * WasiLayout.SubscriptionSize, 8);
        GuestMemory.CheckOut(memory, events, (ulong)count * WasiLayout.EventSize, 8);
        GuestMemory.CheckOut(memory, eventCountOut, 4, 4);

        var immediate = new List<PollEvent>();
        var clocks = new List<(ulong UserData, ulong Wait)>();
        for (var i = 0u; i < count; i++)
        {
            var at = subscriptions + (i * WasiLayout.SubscriptionSize);
            var userData = memory.Load<ulong>(at);
            var type = memory.Load<byte>(at + 8);
            switch (type)
            {
                case EventClock:
                    var clockId = memory.Load<uint>(at + 16);
                    var timeout = memory.Load<ulong>(at + 24);
                    var flags = memory.Load<ushort>(at + 40);
                    if (!TryReadClock(clockId, out var now))
                    {
                        immediate.Add(new PollEvent(userData, WasiErrno.Invalid, EventClock, 0));
                        break;
                    }

                    var wait = (flags & SubscriptionClockAbsolute) != 0 ? (timeout > now ? timeout - now : 0) : timeout;
                    clocks.Add((userData, wait));
                    break;
                case EventFdRead or EventFdWrite:
                    immediate.Add(FdReadiness(userData, memory.Load<uint>(at + 16), type));
                    break;
                default:
                    return WasiErrno.Invalid;
            }
        }

        if (immediate.Count == 0)
        {
            var earliest = clocks.Min(c => c.Wait);
            if (earliest > 0 && !Sleep(earliest))
            {
                return WasiErrno.Interrupted;
            }

            immediate.AddRange(clocks.Where(c => c.Wait == earliest).Select(c => new PollEvent(c.UserData, WasiErrno.Success, EventClock, 0)));
        }
        else
        {
            immediate.AddRange(clocks.Where(c => c.Wait == 0).Select(c => new PollEvent(c.UserData, WasiErrno.Success, EventClock, 0)));
        }

        for (var i = 0; i < immediate.Count; i++)
        {
            var at = events + ((uint)i * WasiLayout.EventSize);
            var e = immediate[i];
            memory.Fill(at, 0, WasiLayout.EventSize);
            GuestMemory.WriteU64(memory, at, e.UserData);
            GuestMemory.WriteU16(memory, at + 8, (ushort)e.Error);
            GuestMemory.WriteU8(memory, at + 10, e.Type);
            GuestMemory.WriteU64(memory, at + 16, e.ReadyBytes);
        }

        GuestMemory.WriteU32(memory, eventCountOut, (uint)immediate.Count);
        return WasiErrno.Success;
    }

    private bool Sleep(ulong nanoseconds)
    {
        lock (_sleepLock)
        {
            _sleeping = true;
            _interrupt.Reset();
        }

        try
        {
            return Config.Clock.Sleep(nanoseconds, _interrupt);
        }
        finally
        {
            lock (_sleepLock)
            {
                _sleeping = false;
            }
        }
    }

    private PollEvent FdReadiness(ulong userData, uint fd, byte type)
    {
        if (!TryGetDescriptor(fd, out var descriptor))
        {
            return new PollEvent(userData, WasiErrno.BadFd, type, 0);
        }

        if (type == EventFdRead ? !descriptor.CanRead : !descriptor.CanWrite)
        {
            return new PollEvent(userData, WasiErrno.BadFd, type, 0);
        }

        ulong ready = 0;
        if (type == EventFdRead && descriptor.Kind == WasiFdKind.File)
        {
            var length = RandomAccess.GetLength(HandleOf((int)fd, descriptor).SafeFileHandle);
            ready = length > descriptor.Offset ? (ulong)(length - descriptor.Offset) : 0;
        }

        return new PollEvent(userData, WasiErrno.Success, type, ready);
    }
}
