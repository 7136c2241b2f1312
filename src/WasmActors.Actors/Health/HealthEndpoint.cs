using System.Net;
using Akka.Actor;
using WasmActors.Actors.Http;

namespace WasmActors.Actors.Health;

/// <summary>
/// The node's health over HTTP: GET /health/live and /health/ready answer 200 or 503 with the reason in plain
/// text (<see cref="NodeHealth"/>), for a supervisor, a load balancer or Kubernetes probes.
/// </summary>
internal sealed class HealthEndpoint(ActorSystem system, string hostname, int port) : HttpEndpoint(hostname, port, "/health/")
{
    public static HealthEndpoint Start(ActorSystem system, string hostname, int port) => Listening(new HealthEndpoint(system, hostname, port));

    protected override Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/');
        (bool Healthy, string Reason)? health = path switch
        {
            "/health/live" => NodeHealth.Live(system),
            "/health/ready" => NodeHealth.Ready(system),
            _ => null,
        };
        return health is { } h
            ? AnswerTextAsync(context.Response, h.Healthy ? 200 : 503, (h.Healthy ? "healthy: " : "unhealthy: ") + h.Reason)
            : AnswerTextAsync(context.Response, 404, "not found: /health/live or /health/ready");
    }
}
