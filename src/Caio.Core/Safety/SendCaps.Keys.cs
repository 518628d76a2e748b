using Caio.Safety.Internal;

namespace Caio.Safety;

/// <summary>The cap keys of the current windows, built once and remembered per channel.</summary>
public sealed partial class SendCaps
{
    /// <summary>
    /// The keys of one channel in one set of windows. The keys of the last recipient domain, mailbox and batch are
    /// remembered, so consecutive sends from one mailbox in one batch (to one company) build no key strings.
    /// </summary>
    private sealed class ChannelKeys(string channel, CalendarWindows windows)
    {
        private DomainKeys? _domain;
        private MailboxKeys? _mailbox;
        private BatchDomainKey? _batchDomain;

        public string Channel { get; } = channel;

        public string GapKeyAll { get; } = "cap:" + channel + ":gap:_all";

        public CalendarWindows Windows { get; } = windows;

        public string Monthly { get; } = "cap:" + channel + ":monthly:" + windows.MonthId;

        public string Daily { get; } = "cap:" + channel + ":daily:" + windows.DayId;

        public string Hourly { get; } = "cap:" + channel + ":hourly:" + windows.HourId;

        /// <summary>
        /// The recipient's domain (lower-cased): from an <c>email:</c> key's address, else the recipient domain;
        /// <see langword="null"/> when neither is known.
        /// </summary>
        public DomainKeys? Domain(SendContext context)
        {
            var source = DomainSource(context);
            if (source.IsEmpty)
            {
                return null;
            }

            var cached = Volatile.Read(ref _domain);
            if (cached is not null && source.SequenceEqual(cached.Source))
            {
                return cached;
            }

            var domain = KeySegments.AsciiLower(source.ToString());
            cached = new DomainKeys(source.ToString(), domain, "cap:" + Channel + ":domain-hourly:" + StateKeys.Segment(domain) + ":" + Windows.HourId);
            Volatile.Write(ref _domain, cached);
            return cached;
        }

        public MailboxKeys Mailbox(string mailbox)
        {
            var cached = Volatile.Read(ref _mailbox);
            if (cached is not null && string.Equals(cached.Mailbox, mailbox, StringComparison.Ordinal))
            {
                return cached;
            }

            var segment = StateKeys.Segment(mailbox);
            cached = new MailboxKeys(mailbox, "cap:" + Channel + ":mailbox-daily:" + segment + ":" + Windows.DayId, "cap:" + Channel + ":gap:" + segment);
            Volatile.Write(ref _mailbox, cached);
            return cached;
        }

        public string DomainBatchKey(string batchId, DomainKeys domain)
        {
            var cached = Volatile.Read(ref _batchDomain);
            if (cached is not null && ReferenceEquals(cached.Domain, domain) && string.Equals(cached.BatchId, batchId, StringComparison.Ordinal))
            {
                return cached.Key;
            }

            cached = new BatchDomainKey(batchId, domain, "cap:" + Channel + ":domain-batch:" + StateKeys.Segment(batchId) + ":" + StateKeys.Segment(domain.Domain));
            Volatile.Write(ref _batchDomain, cached);
            return cached.Key;
        }

        private static ReadOnlySpan<char> DomainSource(SendContext context)
        {
            var key = context.RecipientKey;
            if (key.StartsWith("email:", StringComparison.Ordinal))
            {
                var at = key.LastIndexOf('@');
                if (at > 0 && at < key.Length - 1)
                {
                    return key.AsSpan(at + 1);
                }
            }

            return string.IsNullOrWhiteSpace(context.RecipientDomain) ? default : context.RecipientDomain.AsSpan().Trim();
        }
    }

    /// <summary>A recipient domain as found in the send, lower-cased, and its hourly cap key.</summary>
    private sealed record DomainKeys(string Source, string Domain, string HourlyKey);

    /// <summary>A mailbox and its daily cap and gap keys.</summary>
    private sealed record MailboxKeys(string Mailbox, string DailyKey, string GapKey);

    private sealed record BatchDomainKey(string BatchId, DomainKeys Domain, string Key);
}
