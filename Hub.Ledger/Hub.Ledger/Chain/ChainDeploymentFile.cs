using System.Runtime.ExceptionServices;

namespace Hub.Ledger.Chain;

/// <summary>
/// The deployment file <c>Chain:Contracts</c> names, read once per run: the options' validation, the market board and
/// the chain sync all need it at start. A file that does not load fails the same way for each of them.
/// </summary>
internal sealed class ChainDeploymentFile
{
    private readonly Lock _gate = new();
    private string? _path;
    private ChainDeployment? _deployment;
    private ExceptionDispatchInfo? _error;

    /// <exception cref="InvalidDataException">As <see cref="ChainDeployment.Load"/>.</exception>
    public ChainDeployment Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_gate)
        {
            if (!string.Equals(_path, path, StringComparison.Ordinal))
            {
                _path = path;
                try
                {
                    _deployment = ChainDeployment.Load(path);
                    _error = null;
                }
                catch (InvalidDataException ex)
                {
                    _deployment = null;
                    _error = ExceptionDispatchInfo.Capture(ex);
                }
            }

            _error?.Throw();
            return _deployment!;
        }
    }
}
