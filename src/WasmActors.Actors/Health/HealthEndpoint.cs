using System.Net;
using System.Text;
using Akka.Actor;

namespace WasmActors.Actors.Health;

/// <summary>
/// The node's health over HTTP: GET /health/live and /health/ready answer 200 or 503 with the reason in plain
/// text (<see cref="NodeHealth"/>), for a supervisor, a load balancer or Kubernetes probes.
/// </summary>
internal sealed class HealthEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ActorSystem _system;

    private HealthEndpoint(ActorSystem system, string hostname, int port)
    {
        _system = system;
        _listener.Prefixes.Add($"http://{hostname}:{port}/health/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public static HealthEndpoint Start(ActorSystem system, string hostname, int port) => new(system, hostname, port);

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
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

            Answer(context);
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/');
        (bool Healthy, string Reason)? health = path switch
        {
            "/health/live" => NodeHealth.Live(_system),
            "/health/ready" => NodeHealth.Ready(_system),
            _ => null,
        };
        var response = context.Response;
        var body = Encoding.UTF8.GetBytes(health is { } h ? (h.Healthy ? "healthy: " : "unhealthy: ") + h.Reason + "\n" : "not found: /health/live or /health/ready\n");
        response.StatusCode = health is null ? 404 : health.Value.Healthy ? 200 : 503;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = body.Length;
        try
        {
            response.OutputStream.Write(body);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the prober went away
        }
    }
}
