using Caio.State.Internal;

namespace Caio.State;

/// <summary>What a <see cref="StateWrite"/> does.</summary>
public enum StateWriteKind
{
    /// <summary>Writes a record.</summary>
    Put,

    /// <summary>Deletes a record.</summary>
    Delete,

    /// <summary>Adds or re-scores an index member.</summary>
    IndexAdd,

    /// <summary>Removes an index member.</summary>
    IndexRemove,
}
