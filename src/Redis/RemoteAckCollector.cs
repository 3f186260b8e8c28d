using TypedSockets.SocketIO;

namespace TypedSockets.Redis;

/// <summary>
/// Gathers the replies of the other nodes to one broadcast with acknowledgements. Done once every node that has
/// sockets in the namespace (known from Redis) and every node that replied anyway reported.
/// </summary>
internal sealed class RemoteAckCollector
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _replied = new(StringComparer.Ordinal);
    private readonly List<BroadcastAck> _responses = [];
    private HashSet<string>? _expected;
    private int _recipients;

    public Task Done => _done.Task;

    public void Expect(IEnumerable<string> nodes)
    {
        lock (_responses)
        {
            _expected = new HashSet<string>(nodes, StringComparer.Ordinal);
            CheckDone();
        }
    }

    public void OnReply(string node, int recipients, List<BroadcastAck> responses)
    {
        lock (_responses)
        {
            if (!_replied.Add(node))
            {
                return;
            }

            _recipients += recipients;
            _responses.AddRange(responses);
            CheckDone();
        }
    }

    public BroadcastAckResult ToResult()
    {
        lock (_responses)
        {
            var complete = _done.Task.IsCompleted && _responses.Count == _recipients;
            return new BroadcastAckResult(_recipients, [.. _responses], complete);
        }
    }

    private void CheckDone()
    {
        if (_expected is not null && _replied.IsSupersetOf(_expected))
        {
            _done.TrySetResult();
        }
    }
}
