using Caio.Hosting;
using Caio.State.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.Worker;

/// <summary>
/// Maps <c>STATE_BACKEND</c> (or <c>Caio:StateBackend</c>) onto the builder's state registrations:
/// <c>file</c> → <c>UseFileState()</c>, <c>memory</c> → <c>UseInMemoryState()</c>, <c>redis</c> →
/// <c>AddRedisState()</c> (with <c>REDIS_URL</c> and <c>REDIS_REQUIRED</c>). Any other value stops the
/// host naming the setting.
/// </summary>
internal static class StateBackendSelection
{
    public static string Apply(ICaioBuilder builder, IConfiguration configuration)
    {
        var (setting, value) = configuration["STATE_BACKEND"] is { Length: > 0 } fromEnvironment
            ? ("STATE_BACKEND", fromEnvironment)
            : ($"{CaioOptions.SectionName}:{nameof(CaioOptions.StateBackend)}", configuration[$"{CaioOptions.SectionName}:{nameof(CaioOptions.StateBackend)}"] ?? "file");
        // Caio:Redis may be configured while another backend is chosen (ready for a cutover): it is a known section.
        builder.AddConfigurationSection<RedisStateOptions>(RedisStateOptions.SectionName);
        switch (value.Trim().ToUpperInvariant())
        {
            case "FILE":
                builder.UseFileState();
                return "file";
            case "MEMORY":
                builder.UseInMemoryState();
                return "memory";
            case "REDIS":
                builder.AddRedisState(configuration.GetSection(RedisStateOptions.SectionName));
                return "redis";
            default:
                throw new OptionsValidationException(setting, typeof(CaioOptions), [$"{setting} is '{value}'; it must be file, memory or redis."]);
        }
    }
}
