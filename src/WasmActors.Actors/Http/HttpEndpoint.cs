using System.Net;
using System.Text;

namespace WasmActors.Actors.Http;

/// <summary>
/// A node's small HTTP endpoints (health, dashboard) on <see cref="HttpListener"/>: one accept loop, each request
/// handled on its own task so a slow or streaming client holds up no other. The listener matches the Host header
/// against its prefix, so a page on another origin cannot reach it through a rebound name. A derived endpoint is
/// made through <see cref="Listening{T}"/>, so no request reaches it before its own constructor has run.
/// </summary>
internal abstract class HttpEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();

    protected HttpEndpoint(string hostname, int port, string path)
    {
        _listener.Prefixes.Add($"http://{hostname}:{port}{path}");
    }

    public virtual void Dispose() => _listener.Close();

    /// <summary>Starts serving <paramref name="endpoint"/>, fully constructed; a port that cannot be had throws <see cref="HttpListenerException"/>.</summary>
    protected static T Listening<T>(T endpoint)
        where T : HttpEndpoint
    {
        try
        {
            endpoint._listener.Start();
        }
        catch
        {
            endpoint.Dispose();
            throw;
        }

        _ = Task.Run(endpoint.AcceptAsync);
        return endpoint;
    }

    /// <summary>Answers one request; exceptions of a client that went away are already caught around it.</summary>
    protected abstract Task HandleAsync(HttpListenerContext context);

    /// <summary>Writes a whole response and closes it.</summary>
    protected static async Task AnswerAsync(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    protected static Task AnswerTextAsync(HttpListenerResponse response, int status, string text) =>
        AnswerAsync(response, status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text + "\n"));

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleSafelyAsync(context));
        }
    }

    private async Task HandleSafelyAsync(HttpListenerContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client went away
        }
        catch (Exception e)
        {
            // Anything else answers 500 with the reason rather than leaving the client waiting on an open request.
            try
            {
                await AnswerTextAsync(context.Response, 500, "internal error: " + e.Message);
            }
            catch (Exception unanswerable) when (unanswerable is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                context.Response.Abort(); // the client went away, or a stream had already begun
            }
        }
    }
}
