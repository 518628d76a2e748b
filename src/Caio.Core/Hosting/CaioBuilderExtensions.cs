using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.Hosting.Internal;
using Caio.Hosting;
using Caio.Safety;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extensions on <see cref="ICaioBuilder"/>.</summary>
public static class CaioBuilderExtensions
{
    /// <summary>
    /// Adds a host guard to the safety chain at a named extension point. Built-in layers keep their
    /// fixed order; host guards can only be added, never reorder or replace them.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="point">Where the guard runs.</param>
    /// <param name="factory">Creates the guard.</param>
    /// <returns>The builder.</returns>
    [Experimental(Experiments.ExtensionPoints)]
    public static ICaioBuilder AddSendGuard(this ICaioBuilder builder, GuardExtensionPoint point, Func<IServiceProvider, ISendGuard> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(new SendGuardRegistration(point, factory));
        return builder;
    }

    /// <summary>
    /// Declares that <typeparamref name="TOptions"/> is bound from the configuration section
    /// <paramref name="path"/> below <c>Caio</c> (for example <c>Caio:State:Redis</c>), so strict binding
    /// checks that section's keys against <typeparamref name="TOptions"/> instead of refusing the section as unknown.
    /// Packages that bind their options below <c>Caio</c> call this next to their binding.
    /// </summary>
    /// <typeparam name="TOptions">The options type bound from the section.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The section path, starting with <c>Caio:</c>.</param>
    /// <returns>The builder.</returns>
    public static ICaioBuilder AddConfigurationSection<TOptions>(this ICaioBuilder builder, string path)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        StrictConfiguration.Declare<TOptions>(builder.Services, path);
        return builder;
    }
}
