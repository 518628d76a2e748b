using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.Hosting.Internal;
using Caio.Hosting;
using Caio.Safety;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>A host guard registered with <see cref="CaioBuilderExtensions.AddSendGuard"/>.</summary>
/// <param name="Point">Extension point.</param>
/// <param name="Factory">Creates the guard.</param>
[Experimental(Experiments.ExtensionPoints)]
public sealed record SendGuardRegistration(GuardExtensionPoint Point, Func<IServiceProvider, ISendGuard> Factory);
