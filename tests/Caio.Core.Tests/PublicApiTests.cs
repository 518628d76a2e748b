using System.Reflection;
using System.Text;

namespace Caio.Core.Tests;

/// <summary>
/// Pins each package's public surface in <c>api/&lt;Package&gt;.txt</c>, so every change of the public
/// API shows up in review. After an intended change, regenerate with <c>CAIO_UPDATE_API=1 eng/test.sh</c>.
/// </summary>
public sealed class PublicApiTests
{
    [Theory]
    [InlineData("Caio.Core", typeof(Caio.Leads.Lead))]
    [InlineData("Caio.Testing", typeof(Caio.Testing.FaultInjectingChannel))]
    [InlineData("Caio.Providers.Abstractions", typeof(Caio.Providers.CaioApiException))]
    [InlineData("Caio.Providers.Instantly", typeof(Caio.Providers.Instantly.InstantlyChannel))]
    [InlineData("Caio.Providers.HeyReach", typeof(Caio.Providers.HeyReach.HeyReachChannel))]
    [InlineData("Caio.Providers.GoHighLevel", typeof(Caio.Providers.GoHighLevel.GoHighLevelChannel))]
    public void PublicApi_MatchesSnapshot(string package, Type anchor)
    {
        var actual = Describe(anchor.Assembly);
        var path = Path.Combine(RepositoryRoot(), "api", package + ".txt");
        if (Environment.GetEnvironmentVariable("CAIO_UPDATE_API") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"{path} is missing; generate it with CAIO_UPDATE_API=1.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(expected == actual, $"The public API of {package} changed. Review the difference and regenerate api/{package}.txt with CAIO_UPDATE_API=1.\n" + FirstDifference(expected, actual));
    }

    private static string Describe(Assembly assembly)
    {
        var builder = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            builder.Append(Kind(type)).Append(' ').Append(Name(type));
            if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
            {
                builder.Append(" : ").Append(Name(baseType));
            }

            builder.Append('\n');
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMembers(Flags)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && !(m is MethodInfo method && method.Name == "<Clone>$"))
                .Select(Member)
                .Where(m => m is not null)
                .Order(StringComparer.Ordinal);
            foreach (var member in members)
            {
                builder.Append("  ").Append(member).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string? Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c.GetParameters())})",
        MethodInfo m => $"{(m.IsStatic ? "static " : string.Empty)}{Name(m.ReturnType)} {m.Name}{(m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(Name)) + ">" : string.Empty)}({Parameters(m.GetParameters())})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod?.IsPublic == true ? "get; " : string.Empty)}{(p.SetMethod?.IsPublic == true ? (p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ") : string.Empty)}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{Name(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        Type nested => null,
        _ => member.ToString(),
    };

    private static string Parameters(ParameterInfo[] parameters) =>
        string.Join(", ", parameters.Select(p => $"{(p.ParameterType.IsByRef ? (p.IsOut ? "out " : "ref ") : string.Empty)}{Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = …" : string.Empty)}"));

    private static string Kind(Type type) =>
        type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : (type.Namespace is null ? type.Name : type.Namespace + "." + type.Name);
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Caio.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Caio.Sdk.sln not found above the test output directory.");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}: expected '{left}', actual '{right}'";
            }
        }

        return string.Empty;
    }
}
