using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Caio.Hosting.Internal;

/// <summary>What configuration keys a bound type accepts, as the configuration binder reads it.</summary>
internal sealed class ConfigurationShape
{
    private static readonly ConcurrentDictionary<Type, ConfigurationShape> Cache = new();

    private ConfigurationShape(ShapeKind kind, Type? element, IReadOnlyDictionary<string, Type>? properties)
    {
        Kind = kind;
        Element = element;
        Properties = properties ?? new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>How the binder reads a section of this type.</summary>
    public ShapeKind Kind { get; }

    /// <summary>The element (or dictionary value) type of a collection or dictionary.</summary>
    public Type? Element { get; }

    /// <summary>The keys an object accepts (property names, or their <see cref="ConfigurationKeyNameAttribute"/>), case-insensitive.</summary>
    public IReadOnlyDictionary<string, Type> Properties { get; }

    public static ConfigurationShape Of(Type type) => Cache.GetOrAdd(type, Create);

    private static ConfigurationShape Create(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(type))
        {
            return new ConfigurationShape(ShapeKind.Value, null, null);
        }

        if (type.IsArray)
        {
            return new ConfigurationShape(ShapeKind.Collection, type.GetElementType(), null);
        }

        if ((FindGeneric(type, typeof(IDictionary<,>)) ?? FindGeneric(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
        {
            return new ConfigurationShape(ShapeKind.Collection, dictionary.GetGenericArguments()[1], null);
        }

        if (FindGeneric(type, typeof(IEnumerable<>)) is { } enumerable)
        {
            return new ConfigurationShape(ShapeKind.Collection, enumerable.GetGenericArguments()[0], null);
        }

        var properties = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            {
                var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                properties.TryAdd(name, property.PropertyType);
            }
        }

        return new ConfigurationShape(ShapeKind.Object, null, properties);
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(object)
        || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static Type? FindGeneric(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}

/// <summary>How the binder reads a section.</summary>
internal enum ShapeKind
{
    /// <summary>A single value; the section has no children.</summary>
    Value,

    /// <summary>A list or dictionary: any child key, each child of the element type.</summary>
    Collection,

    /// <summary>An object: each child key names a property.</summary>
    Object,
}
