namespace Caio.Hosting;

/// <summary>
/// Declares that <see cref="OptionsType"/> is bound from the configuration section <see cref="Path"/>
/// below <c>Caio</c>. Strict binding checks every key of that section against the type; a section
/// below <c>Caio</c> that nothing declares is refused as unknown. Register one with
/// <c>caio.AddConfigurationSection&lt;TOptions&gt;(path)</c>.
/// </summary>
/// <param name="Path">The section path, for example <c>Caio:Safety</c>.</param>
/// <param name="OptionsType">The options type bound from it.</param>
public sealed record CaioConfigurationSection(string Path, Type OptionsType);
