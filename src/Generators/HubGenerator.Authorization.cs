using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedSockets.Generators.Model;

namespace TypedSockets.Generators;

public sealed partial class HubGenerator
{
    /// <summary>
    /// Reads a hub's security attributes (<c>[Authorize]</c>, <c>[AllowAnonymous]</c>, <c>[EventRateLimit]</c>) at
    /// compile time and writes them as <c>HubSecurityMetadata</c>, so the runtime never reflects over attributes.
    /// Hub level: the hub class, its base classes and its contract interfaces. Event level: the method and the
    /// contract method it implements. <c>[AllowAnonymous]</c> anywhere at a level clears that level's
    /// <c>[Authorize]</c>.
    /// </summary>
    internal static class Security
    {
        private const string AuthorizeName = "Microsoft.AspNetCore.Authorization.AuthorizeAttribute";
        private const string AllowAnonymousName = "Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute";
        private const string RateLimitName = "TypedSockets.Hubs.EventRateLimitAttribute";
        private const string Infrastructure = "global::TypedSockets.Hubs.Infrastructure";

        /// <summary>The hub's security spec, or null when neither it nor any event has a security attribute.</summary>
        /// <param name="hub">The hub class.</param>
        /// <param name="events">Its events in event order, each with the contract method it implements.</param>
        public static HubSecuritySpec? Parse(INamedTypeSymbol hub, IEnumerable<(IMethodSymbol Method, IMethodSymbol? Contract)> events)
        {
            var hubSymbols = new List<ISymbol>();
            for (var type = hub; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                hubSymbols.Add(type);
            }

            hubSymbols.AddRange(hub.AllInterfaces);
            var (hubAuthorize, hubLimit) = Read(hubSymbols);
            var eventSpecs = new List<EventSecuritySpec>();
            var any = hubAuthorize.Count > 0 || hubLimit is not null;
            foreach (var (method, contract) in events)
            {
                var symbols = contract is null ? new ISymbol[] { method } : new ISymbol[] { method, contract };
                var (authorize, limit) = Read(symbols);
                var spec = new EventSecuritySpec(authorize, limit);
                any |= !spec.IsEmpty;
                eventSpecs.Add(spec);
            }

            return any ? new HubSecuritySpec(hubAuthorize, hubLimit, new EquatableArray<EventSecuritySpec>(eventSpecs)) : null;
        }

        private static (EquatableArray<AuthorizeSpec> Authorize, RateLimitSpec? Limit) Read(IEnumerable<ISymbol> symbols)
        {
            var authorize = new List<AuthorizeSpec>();
            var anonymous = false;
            RateLimitSpec? limit = null;
            foreach (var symbol in symbols)
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    switch (attribute.AttributeClass?.ToDisplayString())
                    {
                        case AuthorizeName:
                            authorize.Add(ReadAuthorize(attribute));
                            break;
                        case AllowAnonymousName:
                            anonymous = true;
                            break;
                        case RateLimitName when limit is null && attribute.ConstructorArguments.Length == 2
                            && attribute.ConstructorArguments[0].Value is int permits && attribute.ConstructorArguments[1].Value is double seconds:
                            // The first one found wins: the implementation's over the contract's, the class's over its bases'.
                            limit = new RateLimitSpec(permits, seconds);
                            break;
                    }
                }
            }

            return (anonymous ? default : new EquatableArray<AuthorizeSpec>(authorize), limit);
        }

        private static AuthorizeSpec ReadAuthorize(AttributeData attribute)
        {
            string? policy = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            string? roles = null;
            string? schemes = null;
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Policy":
                        policy = argument.Value.Value as string;
                        break;
                    case "Roles":
                        roles = argument.Value.Value as string;
                        break;
                    case "AuthenticationSchemes":
                        schemes = argument.Value.Value as string;
                        break;
                }
            }

            return new AuthorizeSpec(policy, roles, schemes);
        }

        /// <summary>The dispatcher's <c>Security</c> override and the static metadata behind it; nothing when the hub has none.</summary>
        public static void Write(SourceWriter writer, HubSecuritySpec? spec)
        {
            if (spec is null)
            {
                return;
            }

            writer.WriteLine($"private static readonly {Infrastructure}.HubSecurityMetadata TypedSocketsSecurity = new(");
            writer.Indent();
            writer.WriteLine($"{Authorize(spec.Authorize)},");
            writer.WriteLine($"{RateLimit(spec.RateLimit)},");
            writer.WriteLine($"new {Infrastructure}.HubEventSecurity?[]");
            writer.OpenBlock();
            foreach (var @event in spec.Events)
            {
                writer.WriteLine(@event.IsEmpty ? "null," : $"new {Infrastructure}.HubEventSecurity({Authorize(@event.Authorize)}, {RateLimit(@event.RateLimit)}),");
            }

            writer.CloseBlock(");");
            writer.Unindent();
            writer.WriteLine();
            writer.WriteLine($"protected override {Infrastructure}.HubSecurityMetadata Security => TypedSocketsSecurity;");
            writer.WriteLine();
        }

        private static string Authorize(EquatableArray<AuthorizeSpec> data) =>
            data.Count == 0
                ? "null"
                : $"new {Infrastructure}.HubAuthorizeData[] {{ {string.Join(", ", data.Select(static d => $"new {Infrastructure}.HubAuthorizeData({Text(d.Policy)}, {Text(d.Roles)}, {Text(d.Schemes)})"))} }}";

        private static string RateLimit(RateLimitSpec? limit) =>
            limit is null ? "null" : $"new {Infrastructure}.HubRateLimitData({limit.Permits.ToString(CultureInfo.InvariantCulture)}, {limit.PerSeconds.ToString("R", CultureInfo.InvariantCulture)})";

        private static string Text(string? value) =>
            value is null ? "null" : Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
    }
}
