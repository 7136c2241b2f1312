namespace WasmActors.Wasm.Execution;

/// <summary>How <see cref="Machine.Run"/> returned (a trap is an exception instead).</summary>
public enum RunStatus
{
    /// <summary>The function returned; its values are in <see cref="Machine.Results"/>.</summary>
    Completed,

    /// <summary>Stopped at an instruction boundary (see <see cref="Machine.PauseReason"/>); <see cref="Machine.Run"/> resumes.</summary>
    Paused,
}

/// <summary>Why a machine paused.</summary>
public enum PauseReason
{
    None,

    /// <summary>The fuel budget ran out.</summary>
    FuelExhausted,

    /// <summary><see cref="Machine.RequestPause"/> was called.</summary>
    Requested,
}

/// <summary>The life cycle of a <see cref="Machine"/>.</summary>
public enum MachineState
{
    /// <summary>Nothing started yet.</summary>
    Idle,

    /// <summary>Started or paused: <see cref="Machine.Run"/> continues it.</summary>
    Ready,

    /// <summary>Inside <see cref="Machine.Run"/>.</summary>
    Running,

    Completed,

    /// <summary>The run trapped or a host function threw; the machine cannot continue.</summary>
    Failed,
}
