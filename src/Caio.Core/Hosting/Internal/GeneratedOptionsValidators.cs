using Caio.Batches;
using Caio.Dispatch;
using Caio.Pipeline;
using Caio.Review;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Caio.Hosting.Internal;

// Data-annotation validators generated at compile time ([OptionsValidator]): no reflection at start.
// Cross-field rules stay in hand-written validators.

/// <summary>Registers the generated validators, each failure naming its setting.</summary>
internal static class GeneratedValidators
{
    public static void Add(IServiceCollection services)
    {
        Add(services, new PipelineOptionsValidator(), PipelineOptions.SectionName);
        Add(services, new ReviewOptionsValidator(), ReviewOptions.SectionName);
        Add(services, new BatchOptionsValidator(), BatchOptions.SectionName);
        Add(services, new OperatorOptionsValidator(), OperatorOptions.SectionName);
    }

    private static void Add<TOptions>(IServiceCollection services, IValidateOptions<TOptions> validator, string section)
        where TOptions : class =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, SettingNamedValidator<TOptions>>(_ => new SettingNamedValidator<TOptions>(validator, section)));
}

/// <summary>Validates <see cref="PipelineOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class PipelineOptionsValidator : IValidateOptions<PipelineOptions>;

/// <summary>Validates <see cref="ReviewOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class ReviewOptionsValidator : IValidateOptions<ReviewOptions>;

/// <summary>Validates <see cref="BatchOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class BatchOptionsValidator : IValidateOptions<BatchOptions>;

/// <summary>Validates <see cref="OperatorOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class OperatorOptionsValidator : IValidateOptions<OperatorOptions>;
