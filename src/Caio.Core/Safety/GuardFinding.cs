using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>One guard's decision in a chain evaluation.</summary>
/// <param name="Guard">The guard's name.</param>
/// <param name="Decision">Its decision.</param>
public readonly record struct GuardFinding(string Guard, GuardDecision Decision);
