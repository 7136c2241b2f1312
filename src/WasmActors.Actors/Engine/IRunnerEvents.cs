namespace WasmActors.Actors.Engine;

/// <summary>What an engine thread reports. Called on that thread; implementations only post messages.</summary>
internal interface IRunnerEvents
{
    void Output(int fd, long sequence, byte[] data);

    void Started();

    void Paused();

    void Exited(int exitCode);

    void Trapped(string message);

    void Stopped();
}
