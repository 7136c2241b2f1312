using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Creates a <see cref="InstanceActor"/> with a plain constructor call. <c>Props.Create(() => new …)</c> takes
/// the expression tree apart and builds the actor by reflection on every start, which is a measurable part of a
/// fork's path to its first instruction when forks come by the thousand.
/// </summary>
internal sealed class InstanceActorProducer(string id, string node, InstanceProgram program, IActorRef owner, WasmActorsSettings settings, InstanceGuard guard) : IIndirectActorProducer
{
    public Type ActorType => typeof(InstanceActor);

    public static Props Props(string id, string node, InstanceProgram program, IActorRef owner, WasmActorsSettings settings, InstanceGuard guard) =>
        Akka.Actor.Props.CreateBy(new InstanceActorProducer(id, node, program, owner, settings, guard));

    public ActorBase Produce() => new InstanceActor(id, node, program, owner, settings, guard);

    public void Release(ActorBase actor)
    {
    }
}
