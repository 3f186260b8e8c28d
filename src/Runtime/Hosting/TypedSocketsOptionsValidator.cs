using Microsoft.Extensions.Options;
using TypedSockets.EngineIO;
using TypedSockets.Hubs;
using TypedSockets.SocketIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Hosting;

/// <summary>
/// Validates <see cref="TypedSocketsOptions"/> with the rules of each layer, naming every invalid option by its
/// configuration path (<c>TypedSockets:EngineIO:PingInterval must be greater than zero</c>).
/// </summary>
internal sealed class TypedSocketsOptionsValidator : IValidateOptions<TypedSocketsOptions>
{
    private readonly string _path;

    /// <summary>A validator whose messages start with <paramref name="path"/>, the section the options come from.</summary>
    public TypedSocketsOptionsValidator(string path = TypedSocketsOptions.SectionName)
    {
        _path = path;
    }

    public ValidateOptionsResult Validate(string? name, TypedSocketsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new OptionErrors(_path);
        WebSocketOptionsValidator.Validate(options.WebSockets, errors.Nested(nameof(options.WebSockets)));
        EngineOptionsValidator.Validate(options.EngineIO, errors.Nested(nameof(options.EngineIO)));
        SocketIOOptionsValidator.Validate(options.SocketIO, errors.Nested(nameof(options.SocketIO)));
        HubOptionsValidator.Validate(options.Hubs, errors.Nested(nameof(options.Hubs)));
        return errors.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Failures);
    }
}
