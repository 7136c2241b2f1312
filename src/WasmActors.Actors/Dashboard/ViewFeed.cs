using System.Net;
using System.Text;
using System.Text.Json;

namespace WasmActors.Actors.Dashboard;

/// <summary>
/// Server-sent events of one <see cref="ClusterView"/> a second, taken once for every open stream (not once per
/// stream), and only while someone watches. Streams beyond the bound are refused.
/// </summary>
internal sealed class ViewFeed(ClusterWatch watch, int maxStreams) : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _taking = new(1, 1);
    private int _streams;
    private (DateTime At, byte[] Event)? _latest;

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
                await response.OutputStream.WriteAsync(await LatestAsync(), stop);
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

    /// <summary>The view of this second, taken by the first stream that asks for it.</summary>
    private async Task<byte[]> LatestAsync()
    {
        await _taking.WaitAsync(_stop.Token);
        try
        {
            if (_latest is not { } latest || DateTime.UtcNow - latest.At >= Period * 0.9)
            {
                var view = await watch.TakeAsync();
                latest = (DateTime.UtcNow, Encoding.UTF8.GetBytes("data: " + JsonSerializer.Serialize(view, DashboardServer.Json) + "\n\n"));
                _latest = latest;
            }

            return latest.Event;
        }
        finally
        {
            _taking.Release();
        }
    }
}
