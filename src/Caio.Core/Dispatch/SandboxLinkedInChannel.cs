using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>The sandbox LinkedIn channel (<c>sandbox-linkedin</c>).</summary>
/// <param name="recorder">Where sends are recorded.</param>
/// <param name="timeProvider">Clock.</param>
public sealed class SandboxLinkedInChannel(SandboxSendRecorder recorder, TimeProvider timeProvider) : SandboxChannel(Channel.LinkedIn, recorder, timeProvider);
