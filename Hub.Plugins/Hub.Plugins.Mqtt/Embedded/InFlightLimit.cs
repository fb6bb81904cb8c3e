namespace Hub.Plugins.Mqtt.Embedded;

/// <summary>
/// Bounds the readings of one connection that are being ingested but not yet acknowledged, so that a client that
/// pipelines PUBLISH packets faster than the store commits is slowed down (its next packet is not read) instead
/// of filling memory. Only the connection's receive loop waits; acknowledgements release.
/// </summary>
internal sealed class InFlightLimit(int limit)
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource? _waiter;

    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_count >= limit)
            {
                return false;
            }

            _count++;
            return true;
        }
    }

    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            lock (_lock)
            {
                if (_count < limit)
                {
                    _count++;
                    return;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                released = _waiter.Task;
            }

            await released.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Release()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _count--;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }
}
