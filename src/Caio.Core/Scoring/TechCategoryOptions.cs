using Caio.Leads;

namespace Caio.Scoring;

/// <summary>A technology category: points per technology and the technologies in it.</summary>
public sealed class TechCategoryOptions
{
    /// <summary>Creates an empty category (used by configuration binding).</summary>
    public TechCategoryOptions()
    {
    }

    /// <summary>Creates a category with points and technologies.</summary>
    /// <param name="points">Points per technology of the category.</param>
    /// <param name="technologies">Technology names.</param>
    public TechCategoryOptions(int points, IEnumerable<string> technologies)
    {
        ArgumentNullException.ThrowIfNull(technologies);
        Points = points;
        Technologies = [.. technologies];
    }

    /// <summary>Points per technology of the category.</summary>
    public int Points { get; set; }

    /// <summary>Technology names, compared whole and case-insensitively.</summary>
    public IList<string> Technologies { get; set; } = [];
}
