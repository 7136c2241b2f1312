// A generic-host application that runs a WasmActors node in its own ActorSystem (Akka.Hosting). Settings come
// from appsettings.json's "WasmActors" section and environment variables (WasmActors__NodeName=run-2, ...).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WasmActors.Actors.Hosting;
using WasmActors.Samples.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddWasmActors(builder.Configuration.GetSection("WasmActors"));
builder.Services.AddHostedService<ReadinessReporter>();
await builder.Build().RunAsync();
