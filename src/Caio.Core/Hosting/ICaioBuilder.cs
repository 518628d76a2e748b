using Microsoft.Extensions.DependencyInjection;

namespace Caio.Hosting;

/// <summary>Returned by <c>AddCaio</c>; providers and backends hang off it.</summary>
public interface ICaioBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

internal sealed class CaioBuilder(IServiceCollection services) : ICaioBuilder
{
    public IServiceCollection Services { get; } = services;
}
