using Caio.Leads;

namespace Caio.Scoring;

/// <summary>Title seniority classes, least senior first (a larger value is more senior).</summary>
public enum TitleClass
{
    /// <summary>No class matched (or the title names a support role).</summary>
    None = 0,

    /// <summary>Manager, senior manager, lead, principal. Wire name <c>manager</c>.</summary>
    Manager = 1,

    /// <summary>Director, senior director, head of a function. Wire name <c>director</c>.</summary>
    Director = 2,

    /// <summary>VP, chief officers other than CEO and COO, managing director, chief of staff. Wire name <c>vp_strategic</c>.</summary>
    VpStrategic = 3,

    /// <summary>CEO, founder, president, COO, owner, managing partner. Wire name <c>c_level</c>.</summary>
    CLevel = 4,
}
