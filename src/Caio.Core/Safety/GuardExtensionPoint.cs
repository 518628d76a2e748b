using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>Named places where a host may add its own guards to the chain.</summary>
public enum GuardExtensionPoint
{
    /// <summary>After suppression and before the contact-history check.</summary>
    AfterSuppression = 0,

    /// <summary>After the caps: the last guards before the provider call.</summary>
    BeforeSend,
}
