using Caio.Audit;
using Caio.Batches;
using Caio.Crafting;
using Caio.Dispatch;
using Caio.Dedup;
using Caio.Enrichment;
using Caio.Hosting;
using Caio.Hosting.Internal;
using Caio.Pipeline;
using Caio.Notifications;
using Caio.Review;
using Caio.Safety;
using Caio.Scoring;
using Caio.Sourcing;
using Caio.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Caio SDK.</summary>
public static class CaioServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SDK, binding options from the <see cref="IConfiguration"/> registered in the container
    /// (sections <c>Caio</c>, <c>Caio:Scoring</c>, <c>Caio:Dedup</c>, <c>Caio:Crafting</c>, <c>Caio:Pipeline</c>, …).
    /// Binding is strict: an unknown key below <c>Caio</c> fails validation at start, naming the key and the closest known one.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder to add providers and backends.</returns>
    public static ICaioBuilder AddCaio(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CaioOptions>().BindConfiguration(CaioOptions.SectionName);
        BindSections(services, configuration: null);
        StrictConfiguration.Add(services, configuration: null);
        return AddCore(services);
    }

    /// <summary>
    /// Adds the SDK, binding options from <paramref name="configuration"/>. Binding is strict: an unknown key
    /// below <c>Caio</c> fails validation at start, naming the key and the closest known one.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">Configuration root (sections <c>Caio</c>, <c>Caio:*</c>). The state backend is the builder's choice (<c>UseFileState</c> by default); a host maps <c>STATE_BACKEND</c> onto it.</param>
    /// <returns>A builder to add providers and backends.</returns>
    public static ICaioBuilder AddCaio(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CaioOptions>().Bind(configuration.GetSection(CaioOptions.SectionName));
        BindSections(services, configuration);
        StrictConfiguration.Add(services, configuration);
        return AddCore(services);
    }

    /// <summary>Adds the SDK, configuring the root options in code; the other options keep their defaults unless configured with <c>services.Configure&lt;T&gt;</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="CaioOptions"/>.</param>
    /// <returns>A builder to add providers and backends.</returns>
    public static ICaioBuilder AddCaio(this IServiceCollection services, Action<CaioOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CaioOptions>().Configure(configure);
        return AddCore(services);
    }

    private static void BindSections(IServiceCollection services, IConfiguration? configuration)
    {
        if (configuration is null)
        {
            services.AddOptions<IcpOptions>().BindConfiguration(IcpOptions.SectionName);
            services.AddOptions<EmailCanonicalizerOptions>().BindConfiguration(EmailCanonicalizerOptions.SectionName);
            services.AddOptions<CraftingOptions>().BindConfiguration(CraftingOptions.SectionName);
            services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.SectionName);
            services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.SectionName);
            services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.SectionName);
            services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.SectionName);
            services.AddOptions<SafetyOptions>().BindConfiguration(SafetyOptions.SectionName);
        }
        else
        {
            services.AddOptions<IcpOptions>().Bind(configuration.GetSection(IcpOptions.SectionName));
            services.AddOptions<EmailCanonicalizerOptions>().Bind(configuration.GetSection(EmailCanonicalizerOptions.SectionName));
            services.AddOptions<CraftingOptions>().Bind(configuration.GetSection(CraftingOptions.SectionName));
            services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName));
            services.AddOptions<ReviewOptions>().Bind(configuration.GetSection(ReviewOptions.SectionName));
            services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.SectionName));
            services.AddOptions<BatchOptions>().Bind(configuration.GetSection(BatchOptions.SectionName));
            services.AddOptions<SafetyOptions>().Bind(configuration.GetSection(SafetyOptions.SectionName));
        }
    }

    private static CaioBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<CaioOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PipelineOptions>().ValidateOnStart();
        services.AddOptions<ReviewOptions>().ValidateOnStart();
        services.AddOptions<IcpOptions>().ValidateOnStart();
        services.AddOptions<SafetyOptions>().ValidateOnStart();
        services.AddOptions<BatchOptions>().ValidateOnStart();
        services.AddOptions<OperatorOptions>()
            .Validate(
                o => o.StaleReservationAge > o.SendTimeout + o.ExecutionLeaseTtl,
                $"{OperatorOptions.SectionName}:StaleReservationAge must be longer than SendTimeout + ExecutionLeaseTtl, or a send still in flight could be reconciled as not sent.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SafetyOptions>, SafetyOptionsValidator>());
        services.AddOptions<CraftingOptions>().Validate(
            options => options.Templates.Count > 0, $"{CraftingOptions.SectionName}:Templates must contain at least one template.").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IcpOptions>, IcpOptionsValidator>());
        GeneratedValidators.Add(services);

        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton<Caio.Diagnostics.CaioMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIcpScorer, IcpScorer>();
        services.TryAddSingleton<EmailCanonicalizer>();
        services.TryAddSingleton<IMessageCrafter, TemplateCrafter>();
        services.TryAddSingleton(StateBackendDescriptor.File);
        services.TryAddSingleton<IStateStore>(sp => CaioStateBuilderExtensions.CreateFileStore(sp, configure: null));
        services.TryAddSingleton<IAuditLog, AuditLog>();
        services.TryAddSingleton<UnreadableRecords>();
        services.TryAddSingleton<IReviewQueue, ReviewQueue>();
        services.TryAddSingleton<IRunReportStore, RunReportStore>();

        // The sandbox generator and enricher serve sandbox mode only: they are registered as themselves, not
        // as ILeadSource / IEnrichmentProvider, so production never invents facts and a host's own source or
        // enricher is the only one production uses, without removing anything.
        services.TryAddSingleton<SandboxLeadSource>();
        services.TryAddSingleton<SandboxEnrichmentProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILeadSource, FileLeadSource>());

        services.TryAddSingleton<EnrichStage>();
        services.TryAddSingleton<ScoreStage>();
        services.TryAddSingleton<CraftStage>();
        services.TryAddTransient<QueueStage>(); // holds the drafts of one run's group: one instance per run
        services.TryAddTransient<SandboxApproveStage>(); // holds the drafts of one run's group: one instance per run
        services.TryAddSingleton<IPipelineStagesProvider, DefaultPipelineStages>();
        services.TryAddSingleton<PipelineRunner>();

        // Gatekeeper, safety chain and dispatch.
        services.TryAddSingleton<IAlertPublisher, StateAlertPublisher>();
        services.TryAddSingleton<IEmergencyStop>(sp => new EmergencyStop(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IOptions<SafetyOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SuppressionStore>();
        services.TryAddSingleton<ContactHistory>();
        services.TryAddSingleton<RampTracker>();
        services.TryAddSingleton<SendCaps>();
        services.TryAddSingleton<SafetyStatusReader>();
        services.TryAddSingleton(CreateSafetyChain);
        services.TryAddSingleton<SendLedger>();
        services.TryAddSingleton<RefusalStatistics>();
        services.TryAddSingleton<SendConfirmations>();
        services.TryAddSingleton<Caio.Engagement.LinkedInRecipients>();
        services.TryAddSingleton<BatchService>();
        services.TryAddSingleton(DispatchOperator.Create);
        services.TryAddSingleton<Caio.Operations.StatusService>();
        services.TryAddSingleton<EmergencySwitch>();
        services.TryAddSingleton<Caio.Operations.IdPrefixResolver>();
        services.TryAddSingleton<Caio.Review.ApprovalCheck>();
        services.TryAddSingleton<SuppressionList>();
        services.TryAddSingleton(CreateSandboxRecorder);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDispatchChannel, SandboxEmailChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDispatchChannel, SandboxLinkedInChannel>());
        return new CaioBuilder(services);
    }

    private static SafetyChain CreateSafetyChain(IServiceProvider services)
    {
        var builder = new SafetyChainBuilder(
            services.GetRequiredService<IEmergencyStop>(),
            services.GetRequiredService<SuppressionStore>(),
            services.GetRequiredService<ContactHistory>(),
            services.GetRequiredService<RampTracker>(),
            services.GetRequiredService<SendCaps>(),
            services.GetRequiredService<IOptions<SafetyOptions>>(),
            services.GetRequiredService<TimeProvider>());
        foreach (var registration in services.GetServices<SendGuardRegistration>())
        {
            builder.AddGuard(registration.Point, registration.Factory(services));
        }

        return builder.Build();
    }

    private static SandboxSendRecorder CreateSandboxRecorder(IServiceProvider services) =>
        services.GetRequiredService<StateBackendDescriptor>().InProcess
            ? new SandboxSendRecorder(null)
            : new SandboxSendRecorder(Path.Combine(services.GetRequiredService<IOptions<CaioOptions>>().Value.StateDirectory, "sandbox", "sends.jsonl"));
}
