namespace TypedSockets.Generators.Model;

/// <summary>A parameter or result type: its <c>global::</c> name, how it travels, and whether null is allowed.</summary>
internal sealed record TypeSpec(string FullyQualifiedName, ValueKind Kind, bool IsReferenceType, bool IsNullable)
{
    /// <summary>A readable identifier for the type's cached <c>JsonTypeInfo</c> field.</summary>
    public string JsonFieldName
    {
        get
        {
            var name = FullyQualifiedName.Replace("global::", string.Empty);
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (!char.IsLetterOrDigit(chars[i]))
                {
                    chars[i] = '_';
                }
            }

            return new string(chars);
        }
    }
}
