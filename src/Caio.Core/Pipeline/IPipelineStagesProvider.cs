using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;

namespace Caio.Pipeline;

/// <summary>Supplies the ordered stages (after the source) of a pipeline run.</summary>
[Experimental(Experiments.ExtensionPoints)]
public interface IPipelineStagesProvider
{
    /// <summary>Returns the stages for a request, in order. The first stage accepts <see cref="Leads.Lead"/>.</summary>
    /// <param name="request">The run request.</param>
    /// <returns>The stages.</returns>
    IReadOnlyList<IPipelineStage> GetStages(PipelineRequest request);
}
