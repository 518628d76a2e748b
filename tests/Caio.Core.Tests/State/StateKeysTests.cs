using Caio.State.Internal;
using FsCheck;
using FsCheck.Fluent;

namespace Caio.Core.Tests.State;

public sealed class StateKeysTests
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_.@+-";

    private static Arbitrary<string> Keys() =>
        Gen.Elements(KeyAlphabet.ToCharArray()).NonEmptyListOf().Select(chars => new string([.. chars])).ToArbitrary();

    [Fact]
    public void Escape_AnyKey_RoundTripsThroughUnescape()
    {
        Prop.ForAll(Keys(), key =>
            {
                var escaped = StateKeys.Escape(key);
                var hashed = escaped.Contains('~', StringComparison.Ordinal);
                return escaped.Length <= StateKeys.MaxEscapedLength
                    && (hashed || (StateKeys.TryUnescape(escaped, out var back) && back == key));
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Escape_AnyString_RoundTripsAndUsesOnlySafeCharacters()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), text =>
            {
                var escaped = StateKeys.Escape(text.Get);
                var safe = escaped.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '@' or '+' or '-' or '%' or '~'
                    || (c is >= 'A' and <= 'F'));
                // Lone surrogates have no UTF-8 form; keys are ASCII, so only well-formed text must round-trip.
                var roundTrips = escaped.Contains('~', StringComparison.Ordinal)
                    || !IsWellFormedUtf16(text.Get)
                    || (StateKeys.TryUnescape(escaped, out var back) && back == text.Get);
                return safe && roundTrips;
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Escape_DistinctKeys_AreDistinctIgnoringCase()
    {
        Prop.ForAll(Keys(), Keys(), (a, b) =>
                a == b || !string.Equals(StateKeys.Escape(a), StateKeys.Escape(b), StringComparison.OrdinalIgnoreCase))
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("queue:item:1", "queue%3Aitem%3A1")]
    [InlineData("Ab", "%41b")]
    [InlineData("lead@example.com", "lead@example.com")]
    [InlineData("con", "%63on")]
    [InlineData("nul.x", "%6Eul.x")]
    [InlineData("com1", "%63om1")]
    [InlineData("a%b", "a%25b")]
    public void Escape_Examples_MatchDocumentedScheme(string key, string expected)
    {
        Assert.Equal(expected, StateKeys.Escape(key));
        Assert.True(StateKeys.TryUnescape(expected, out var back));
        Assert.Equal(key, back);
    }

    [Fact]
    public void Escape_VeryLongKey_IsShortenedHashedAndDistinct()
    {
        var a = "queue:item:" + new string('X', 300) + "a";
        var b = "queue:item:" + new string('X', 300) + "b";

        var escapedA = StateKeys.Escape(a);
        var escapedB = StateKeys.Escape(b);

        Assert.True(escapedA.Length <= StateKeys.MaxEscapedLength);
        Assert.Contains('~', escapedA);
        Assert.NotEqual(escapedA, escapedB);
        Assert.False(StateKeys.TryUnescape(escapedA, out _));
    }

    [Theory]
    [InlineData("queue:item:1", "queue")]
    [InlineData("audit", "audit")]
    [InlineData(":x", "")]
    public void Family_Key_IsFirstSegment(string key, string family)
    {
        Assert.Equal(family, StateKeys.Family(key));
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
