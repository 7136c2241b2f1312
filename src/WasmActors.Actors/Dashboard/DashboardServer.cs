using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using WasmActors.Actors.Http;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Actors.Dashboard;

/// <summary>
/// The live dashboard (wasmactors.dashboard): GET / is the page, GET /events a server-sent event stream of a
/// <see cref="ClusterView"/> each second, GET /api/view one view, and POST /api/{fork,migrate,snapshot,stop} act
/// through the orchestrator API like the CLI. Reading is open to whoever reaches the address (loopback by default);
/// acting needs the access token, sent as "Authorization: Bearer …", which a page on another origin cannot send
/// without a CORS preflight this server never grants.
/// </summary>
public sealed class DashboardServer : IDisposable
{
    /// <summary>Most event streams served at once; more are refused with 503 (each costs a view per second).</summary>
    internal const int MaxStreams = 16;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Endpoint _endpoint;

    private DashboardServer(OrchestratorClient orchestrator, string hostname, int port, string token)
    {
        Token = token;
        Address = new Uri($"http://{hostname}:{port}/");
        _endpoint = Endpoint.Open(orchestrator, hostname, port, Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Where the page is.</summary>
    public Uri Address { get; }

    /// <summary>The token the page's actions need (a fresh random one each start unless one is given).</summary>
    public string Token { get; }

    /// <summary>The page's address with the token in its fragment (which browsers never send to the server).</summary>
    public Uri AddressWithToken => new(Address, "#token=" + Token);

    /// <summary>Serves the dashboard of the cluster <paramref name="orchestrator"/> reaches.</summary>
    public static DashboardServer Start(OrchestratorClient orchestrator, string hostname, int port, string? token = null) =>
        new(orchestrator, hostname, port, token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));

    public void Dispose() => _endpoint.Dispose();

    private sealed class Endpoint : HttpEndpoint
    {
        private readonly DashboardActions _actions;
        private readonly byte[] _token;
        private readonly ViewFeed _feed;
        private readonly Lazy<byte[]> _page = new(ReadPage);

        private Endpoint(OrchestratorClient orchestrator, string hostname, int port, byte[] token)
            : base(hostname, port, "/")
        {
            _actions = new DashboardActions(orchestrator);
            _token = token;
            _feed = new ViewFeed(new ClusterWatch(orchestrator), MaxStreams);
        }

        public static Endpoint Open(OrchestratorClient orchestrator, string hostname, int port, byte[] token) =>
            Listening(new Endpoint(orchestrator, hostname, port, token));

        public override void Dispose()
        {
            _feed.Dispose();
            base.Dispose();
        }

        protected override async Task HandleAsync(HttpListenerContext context)
        {
            var request = context.Request;
            var path = request.Url?.AbsolutePath ?? "/";
            switch (request.HttpMethod, path)
            {
                case ("GET", "/"):
                    await AnswerAsync(context.Response, 200, "text/html; charset=utf-8", _page.Value);
                    break;
                case ("GET", "/api/view"):
                    await AnswerAsync(context.Response, 200, "application/json", await _feed.LatestAsync());
                    break;
                case ("GET", "/events"):
                    await _feed.StreamAsync(context.Response);
                    break;
                case ("POST", _) when path.StartsWith("/api/", StringComparison.Ordinal):
                    if (!Authorized(request))
                    {
                        await AnswerTextAsync(context.Response, 401, "actions need the dashboard's access token (Authorization: Bearer …)");
                        break;
                    }

                    var (status, body) = await _actions.RunAsync(path["/api/".Length..], request);
                    await AnswerAsync(context.Response, status, "application/json", body);
                    break;
                default:
                    await AnswerTextAsync(context.Response, 404, "not found: / /events /api/view, POST /api/{fork,migrate,snapshot,stop}");
                    break;
            }
        }

        private bool Authorized(HttpListenerRequest request)
        {
            const string bearer = "Bearer ";
            var header = request.Headers["Authorization"];
            return header is not null && header.StartsWith(bearer, StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[bearer.Length..].Trim()), _token);
        }

        private static byte[] ReadPage()
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("WasmActors.Actors.Dashboard.dashboard.html")
                ?? throw new InvalidOperationException("the dashboard page is not embedded in WasmActors.Actors");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
