using Caio.Leads;

namespace Caio.Scoring;

/// <summary>A title seniority class: its points and the phrases that identify it.</summary>
public sealed class TitleClassOptions
{
    /// <summary>Creates an empty class (used by configuration binding).</summary>
    public TitleClassOptions()
    {
    }

    /// <summary>Creates a class with points and phrases.</summary>
    /// <param name="points">Points for a title of the class.</param>
    /// <param name="phrases">Words and phrases that identify the class.</param>
    public TitleClassOptions(int points, IEnumerable<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        Points = points;
        Phrases = [.. phrases];
    }

    /// <summary>Points for a title of the class.</summary>
    public int Points { get; set; }

    /// <summary>Words and phrases that identify the class, matched on whole words, case-insensitively.</summary>
    public IList<string> Phrases { get; set; } = [];
}
