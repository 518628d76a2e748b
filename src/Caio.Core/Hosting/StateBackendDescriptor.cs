namespace Caio.Hosting;

/// <summary>
/// Which state backend the builder registered: <c>UseFileState()</c>, <c>UseInMemoryState()</c> or a
/// package's registration (such as <c>AddRedisState()</c>) registers its own. Hosts and status reports
/// read it instead of comparing configuration strings.
/// </summary>
public sealed class StateBackendDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="name">The backend's name, as <c>STATE_BACKEND</c> spells it (<c>file</c>, <c>memory</c>, <c>redis</c>).</param>
    /// <param name="usesStateDirectory">Whether the state itself lives in <c>Caio:StateDirectory</c>.</param>
    /// <param name="inProcess">Whether the state lives only in this process (nothing survives it).</param>
    public StateBackendDescriptor(string name, bool usesStateDirectory, bool inProcess)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        UsesStateDirectory = usesStateDirectory;
        InProcess = inProcess;
    }

    /// <summary>The file backend (the default): state in files under <c>Caio:StateDirectory</c>.</summary>
    public static StateBackendDescriptor File { get; } = new("file", usesStateDirectory: true, inProcess: false);

    /// <summary>The in-memory backend: state in process memory.</summary>
    public static StateBackendDescriptor Memory { get; } = new("memory", usesStateDirectory: false, inProcess: true);

    /// <summary>The backend's name, as <c>STATE_BACKEND</c> spells it.</summary>
    public string Name { get; }

    /// <summary>Whether the state itself lives in <c>Caio:StateDirectory</c>.</summary>
    public bool UsesStateDirectory { get; }

    /// <summary>
    /// Whether the state lives only in this process. Otherwise the sandbox channel's record is kept in
    /// <c>sandbox/sends.jsonl</c> under <c>Caio:StateDirectory</c>, whatever the backend.
    /// </summary>
    public bool InProcess { get; }
}
