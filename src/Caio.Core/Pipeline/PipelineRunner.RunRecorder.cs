namespace Caio.Pipeline;

public sealed partial class PipelineRunner
{
    private sealed class StageCounters
    {
        public long In;
        public long Out;
        public long Failed;
        public long ElapsedTicks;
    }

    private sealed class RunRecorder(int stageCount, int maxErrors)
    {
        private readonly StageCounters[] _stages = [.. Enumerable.Range(0, stageCount).Select(_ => new StageCounters())];
        private readonly Lock _gate = new();
        private readonly List<RunError> _errors = [];
        private readonly Dictionary<string, long> _filtered = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);
        private long _errorCount;

        public string? AbortReason { get; private set; }

        public IReadOnlyList<RunError> Errors
        {
            get
            {
                lock (_gate)
                {
                    return [.. _errors];
                }
            }
        }

        public long ErrorCount => Interlocked.Read(ref _errorCount);

        public long Sourced => Interlocked.Read(ref _stages[0].In);

        public StageCounters Stage(int index) => _stages[index];

        public void AddError(string stage, string? subject, string message)
        {
            Interlocked.Increment(ref _errorCount);
            lock (_gate)
            {
                if (_errors.Count < maxErrors)
                {
                    _errors.Add(new RunError(stage, subject, message));
                }
            }
        }

        public void AddFiltered(string reason)
        {
            lock (_gate)
            {
                _filtered[reason] = _filtered.GetValueOrDefault(reason) + 1;
            }
        }

        public IReadOnlyDictionary<string, long> FilteredSnapshot()
        {
            lock (_gate)
            {
                return new SortedDictionary<string, long>(_filtered, StringComparer.Ordinal);
            }
        }

        public bool StoppedAtLimit { get; set; }

        public void AddSkipped(string reason)
        {
            lock (_gate)
            {
                _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;
            }
        }

        public RecordCounts ToRecordCounts()
        {
            var source = _stages[0];
            lock (_gate)
            {
                return new RecordCounts(Interlocked.Read(ref source.In), Interlocked.Read(ref source.Out), Interlocked.Read(ref source.Failed), new SortedDictionary<string, long>(_skipped, StringComparer.Ordinal), StoppedAtLimit);
            }
        }

        public void SetAbort(string stage, string message)
        {
            lock (_gate)
            {
                AbortReason ??= $"{stage}: {message}";
            }

            AddError(stage, null, "run aborted: " + message);
        }

        public PipelineProgress Progress(int limit)
        {
            long failed = 0;
            foreach (var stage in _stages)
            {
                failed += Interlocked.Read(ref stage.Failed);
            }

            return new PipelineProgress(
                Interlocked.Read(ref _stages[0].In),
                Interlocked.Read(ref _stages[^1].Out),
                failed,
                limit);
        }

        public StageReport ToStageReport(int index, string name, TimeProvider timeProvider)
        {
            var counters = _stages[index];
            var ms = Math.Round(counters.ElapsedTicks * 1000.0 / timeProvider.TimestampFrequency, 3);
            return new StageReport(name, counters.In, counters.Out, counters.Failed, ms);
        }
    }
}
