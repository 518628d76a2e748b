using Caio.Batches;
using Caio.Crafting;
using Caio.Dedup;
using Caio.Dispatch;
using Caio.Pipeline;
using Caio.Review;
using Caio.Safety;
using Caio.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Caio.Hosting.Internal;

/// <summary>Registers strict binding of the <c>Caio</c> configuration tree (see <see cref="StrictConfigurationValidator"/>).</summary>
internal static class StrictConfiguration
{
    /// <summary>Declares the SDK's own sections and validates the tree at start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration the options bind from, or <see langword="null"/> for the container's.</param>
    public static void Add(IServiceCollection services, IConfiguration? configuration)
    {
        Declare<CaioOptions>(services, CaioOptions.SectionName);
        Declare<IcpOptions>(services, IcpOptions.SectionName);
        Declare<EmailCanonicalizerOptions>(services, EmailCanonicalizerOptions.SectionName);
        Declare<CraftingOptions>(services, CraftingOptions.SectionName);
        Declare<PipelineOptions>(services, PipelineOptions.SectionName);
        Declare<ReviewOptions>(services, ReviewOptions.SectionName);
        Declare<OperatorOptions>(services, OperatorOptions.SectionName);
        Declare<BatchOptions>(services, BatchOptions.SectionName);
        Declare<SafetyOptions>(services, SafetyOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CaioOptions>, StrictConfigurationValidator>(
            sp => new StrictConfigurationValidator(configuration ?? sp.GetRequiredService<IConfiguration>(), sp.GetServices<CaioConfigurationSection>())));
    }

    /// <summary>Declares that <typeparamref name="TOptions"/> binds from <paramref name="path"/> (once per path and type).</summary>
    public static void Declare<TOptions>(IServiceCollection services, string path)
    {
        var section = new CaioConfigurationSection(path, typeof(TOptions));
        if (!services.Any(d => d.ServiceType == typeof(CaioConfigurationSection) && Equals(d.ImplementationInstance, section)))
        {
            services.AddSingleton(section);
        }
    }
}
