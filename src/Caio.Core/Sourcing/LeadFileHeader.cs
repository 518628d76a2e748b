namespace Caio.Sourcing;

/// <summary>How a lead file's columns are read (<see cref="LeadFileReader.InspectAsync"/>): which become lead fields and which are ignored.</summary>
/// <param name="Format"><c>csv</c> or <c>json</c>.</param>
/// <param name="Delimiter">The CSV field separator found (<c>,</c>, <c>;</c> or a tab); <see langword="null"/> for JSON.</param>
/// <param name="Columns">Each CSV column used, as written in the header, with the lead field it fills (e.g. <c>Job Title</c> → <c>title</c>).</param>
/// <param name="IgnoredColumns">CSV columns that fill no lead field, as written in the header.</param>
public sealed record LeadFileHeader(string Format, char? Delimiter, IReadOnlyList<KeyValuePair<string, string>> Columns, IReadOnlyList<string> IgnoredColumns);
