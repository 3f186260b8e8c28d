using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace TypedSockets.Build;

/// <summary>
/// Writes the TypeScript typings the generator put into the compiled assembly as
/// <c>[assembly: AssemblyMetadata("TypedSockets.TypeScript:&lt;file&gt;", text)]</c> into <see cref="OutputDirectory"/>.
/// A file whose text did not change is left alone, so its timestamp (and whatever bundles it) stays up to date.
/// </summary>
public sealed class WriteTypeScriptDeclarations : Task
{
    private const string KeyPrefix = "TypedSockets.TypeScript:";

    /// <summary>The assembly just compiled (obj/.../Name.dll).</summary>
    [Required]
    public string Assembly { get; set; } = string.Empty;

    /// <summary>The folder for the .ts files; created when missing.</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Every file the assembly carries, written or already current.</summary>
    [Output]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        Dictionary<string, string> files;
        try
        {
            files = Read(Assembly);
        }
        catch (Exception exception) when (exception is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            Log.LogError("TypedSockets: cannot read the TypeScript typings from '{0}': {1}", Assembly, exception.Message);
            return false;
        }

        if (files.Count == 0)
        {
            Log.LogWarning("TypedSockets: '{0}' carries no TypeScript typings; is the TypedSockets generator running for this project?", Assembly);
            return true;
        }

        var written = new List<ITaskItem>();
        Directory.CreateDirectory(OutputDirectory);
        foreach (var pair in files)
        {
            var path = Path.Combine(OutputDirectory, pair.Key);
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(pair.Value);
            if (!File.Exists(path) || !SameBytes(File.ReadAllBytes(path), bytes))
            {
                File.WriteAllBytes(path, bytes);
                Log.LogMessage(MessageImportance.Normal, "TypedSockets: wrote {0}", path);
            }

            written.Add(new TaskItem(path));
        }

        Files = written.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>The file name and text of every TypedSockets.TypeScript entry of the assembly's metadata attributes.</summary>
    private static Dictionary<string, string> Read(string assemblyPath)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (!IsAssemblyMetadata(reader, attribute))
            {
                continue;
            }

            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1)
            {
                continue;
            }

            var key = blob.ReadSerializedString();
            var value = blob.ReadSerializedString();
            if (key is not null && value is not null && key.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                var name = key.Substring(KeyPrefix.Length);
                // Only plain file names: the text decides the content, never where it goes.
                if (name.Length > 0 && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name != "." && name != "..")
                {
                    files[name] = value;
                }
            }
        }

        return files;
    }

    private static bool IsAssemblyMetadata(MetadataReader reader, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
        if (constructor.Parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var type = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
        return reader.StringComparer.Equals(type.Name, "AssemblyMetadataAttribute")
            && reader.StringComparer.Equals(type.Namespace, "System.Reflection");
    }

    private static bool SameBytes(byte[] left, byte[] right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
            {
                return false;
            }
        }

        return true;
    }
}
