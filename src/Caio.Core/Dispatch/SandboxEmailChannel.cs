using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>The sandbox email channel (<c>sandbox-email</c>).</summary>
/// <param name="recorder">Where sends are recorded.</param>
/// <param name="timeProvider">Clock.</param>
public sealed class SandboxEmailChannel(SandboxSendRecorder recorder, TimeProvider timeProvider) : SandboxChannel(Channel.Email, recorder, timeProvider);
