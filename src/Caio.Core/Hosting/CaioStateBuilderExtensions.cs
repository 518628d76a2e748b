using Caio.Hosting;
using Caio.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Chooses the state backend on the builder: <see cref="UseFileState"/>, <see cref="UseInMemoryState"/>, or
/// <c>AddRedisState()</c> from the Caio.State.Redis package. The last call wins; without any, the file
/// backend is used. Each registers its <see cref="StateBackendDescriptor"/>; a host maps <c>STATE_BACKEND</c>
/// onto these calls (<c>UseStateBackendFromConfiguration</c> in Caio.State.Redis).
/// </summary>
public static class CaioStateBuilderExtensions
{
    /// <summary>Keeps state in files under a directory (one machine; the default).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adjusts the file backend's options; the directory defaults to <c>Caio:StateDirectory</c>.</param>
    /// <returns>The builder.</returns>
    public static ICaioBuilder UseFileState(this ICaioBuilder builder, Action<FileStateStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(StateBackendDescriptor.File));
        builder.Services.Replace(ServiceDescriptor.Singleton<IStateStore>(sp => CreateFileStore(sp, configure)));
        return builder;
    }

    /// <summary>Keeps state in process memory (tests, demos; nothing survives the process).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static ICaioBuilder UseInMemoryState(this ICaioBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(StateBackendDescriptor.Memory));
        builder.Services.Replace(ServiceDescriptor.Singleton<IStateStore>(sp => new InMemoryStateStore(sp.GetRequiredService<TimeProvider>())));
        return builder;
    }

    /// <summary>The file backend over <c>Caio:StateDirectory</c>, adjusted by <paramref name="configure"/>.</summary>
    internal static FileStateStore CreateFileStore(IServiceProvider services, Action<FileStateStoreOptions>? configure)
    {
        var options = new FileStateStoreOptions { Directory = services.GetRequiredService<IOptions<CaioOptions>>().Value.StateDirectory };
        configure?.Invoke(options);
        return new FileStateStore(options, services.GetRequiredService<TimeProvider>());
    }
}
