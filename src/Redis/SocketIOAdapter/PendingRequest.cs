using TypedSockets.SocketIO;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>
/// A request this node sent on the request channel, waiting for the answers of the other nodes. How many must answer
/// is the subscriber count of the request channel (every node of either kind subscribes once) less this node.
/// </summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expectedNodes;
    private int _answeredNodes;
    private int _expectedAcks;

    public PendingRequest(SocketIORequestType type, int expectedNodes)
    {
        Type = type;
        _expectedNodes = expectedNodes;
        CheckDone();
    }

    public SocketIORequestType Type { get; }

    public Task Done => _done.Task;

    /// <summary>Socket ids the nodes reported (SOCKETS).</summary>
    public HashSet<string> SocketIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The acknowledgements of clients (BROADCAST) or of servers (SERVER_SIDE_EMIT), each a JSON array of arguments.</summary>
    public List<byte[]> Answers { get; } = [];

    public int ExpectedNodes => _expectedNodes;

    public int AnsweredNodes
    {
        get
        {
            lock (Answers)
            {
                return _answeredNodes;
            }
        }
    }

    /// <summary>The clients the other nodes sent a broadcast with acks to.</summary>
    public int Recipients
    {
        get
        {
            lock (Answers)
            {
                return _expectedAcks;
            }
        }
    }

    public void OnSockets(IEnumerable<string> ids)
    {
        lock (Answers)
        {
            SocketIds.UnionWith(ids);
            _answeredNodes++;
            CheckDone();
        }
    }

    public void OnClientCount(int count)
    {
        lock (Answers)
        {
            _answeredNodes++;
            _expectedAcks += count;
            CheckDone();
        }
    }

    public void OnAnswer(byte[] argumentsJson, bool countsAsNode)
    {
        lock (Answers)
        {
            Answers.Add(argumentsJson);
            if (countsAsNode)
            {
                _answeredNodes++;
            }

            CheckDone();
        }
    }

    public BroadcastAckResult ToBroadcastAckResult()
    {
        lock (Answers)
        {
            var responses = new List<BroadcastAck>(Answers.Count);
            foreach (var answer in Answers)
            {
                // A Node server answers for its clients without naming them.
                if (EventArguments.TryParse(answer, out var arguments))
                {
                    responses.Add(new BroadcastAck(string.Empty, arguments));
                }
            }

            return new BroadcastAckResult(_expectedAcks, responses, _done.Task.IsCompleted);
        }
    }

    private void CheckDone()
    {
        if (_answeredNodes >= _expectedNodes && Answers.Count >= _expectedAcks)
        {
            _done.TrySetResult();
        }
    }
}
