using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Recommender.Core.Tests.Architecture;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the compiled metadata (System.Reflection.Metadata,
/// no other tool): base type, interfaces, generic constraints, attributes, field, property, event and method
/// signatures, locals, catch clauses and every type, method or field token in the method bodies. A nested type
/// (including the compiler's closures and state machines) counts as its outermost type.
/// </summary>
internal sealed class TypeReferences
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private readonly MetadataReader _reader;
    private readonly PEReader _pe;

    private TypeReferences(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
    }

    /// <summary>Each top-level type's full name and the full names of the other top-level types it uses.</summary>
    public static Dictionary<string, HashSet<string>> Of(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        return new TypeReferences(pe).Read();
    }

    private Dictionary<string, HashSet<string>> Read()
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in _reader.TypeDefinitions)
        {
            var owner = Name(Outermost(handle));
            if (!result.TryGetValue(owner, out var used))
            {
                result[owner] = used = new HashSet<string>(StringComparer.Ordinal);
            }

            var found = new HashSet<TypeDefinitionHandle>();
            Collect(handle, found);
            foreach (var t in found)
            {
                var name = Name(Outermost(t));
                if (name != owner)
                {
                    used.Add(name);
                }
            }
        }

        return result;
    }

    private void Collect(TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> found)
    {
        var type = _reader.GetTypeDefinition(handle);
        var provider = new Provider(this, found);
        Entity(type.BaseType, provider);
        foreach (var i in type.GetInterfaceImplementations())
        {
            Entity(_reader.GetInterfaceImplementation(i).Interface, provider);
        }

        Attributes(type.GetCustomAttributes(), provider);
        GenericParameters(type.GetGenericParameters(), provider);
        foreach (var f in type.GetFields())
        {
            var field = _reader.GetFieldDefinition(f);
            field.DecodeSignature(provider, null);
            Attributes(field.GetCustomAttributes(), provider);
        }

        foreach (var p in type.GetProperties())
        {
            var property = _reader.GetPropertyDefinition(p);
            property.DecodeSignature(provider, null);
            Attributes(property.GetCustomAttributes(), provider);
        }

        foreach (var e in type.GetEvents())
        {
            Entity(_reader.GetEventDefinition(e).Type, provider);
        }

        foreach (var m in type.GetMethods())
        {
            var method = _reader.GetMethodDefinition(m);
            method.DecodeSignature(provider, null);
            Attributes(method.GetCustomAttributes(), provider);
            GenericParameters(method.GetGenericParameters(), provider);
            if (method.RelativeVirtualAddress != 0)
            {
                Body(_pe.GetMethodBody(method.RelativeVirtualAddress), provider);
            }
        }
    }

    private void Body(MethodBodyBlock body, Provider provider)
    {
        if (!body.LocalSignature.IsNil)
        {
            _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
        }

        foreach (var region in body.ExceptionRegions)
        {
            Entity(region.CatchType, provider);
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il.ReadByte());
            }

            switch (Operands[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.ReadByte();
                    break;
                case OperandType.InlineVar:
                    il.ReadInt16();
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.ReadInt64();
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    for (var t = 0; t < targets; t++)
                    {
                        il.ReadInt32();
                    }

                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    Entity(MetadataTokens.EntityHandle(il.ReadInt32()), provider);
                    break;
                default:
                    // InlineBrTarget, InlineI, ShortInlineR, InlineString, InlineSig: four bytes without a type in them.
                    il.ReadInt32();
                    break;
            }
        }
    }

    private void Entity(EntityHandle handle, Provider provider)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                provider.Found.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null);
                break;
            case HandleKind.FieldDefinition:
                provider.Found.Add(_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MethodDefinition:
                provider.Found.Add(_reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                Entity(member.Parent, provider);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(provider, null);
                }
                else
                {
                    member.DecodeFieldSignature(provider, null);
                }

                break;
            case HandleKind.MethodSpecification:
                var spec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                Entity(spec.Method, provider);
                spec.DecodeSignature(provider, null);
                break;
        }
    }

    private void Attributes(CustomAttributeHandleCollection attributes, Provider provider)
    {
        foreach (var a in attributes)
        {
            Entity(_reader.GetCustomAttribute(a).Constructor, provider);
        }
    }

    private void GenericParameters(GenericParameterHandleCollection parameters, Provider provider)
    {
        foreach (var p in parameters)
        {
            foreach (var c in _reader.GetGenericParameter(p).GetConstraints())
            {
                Entity(_reader.GetGenericParameterConstraint(c).Type, provider);
            }
        }
    }

    private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
    {
        while (_reader.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } outer)
        {
            handle = outer;
        }

        return handle;
    }

    private string Name(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var ns = _reader.GetString(type.Namespace);
        var name = _reader.GetString(type.Name);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Decodes signatures only to note the assembly's own types in them.</summary>
    private sealed class Provider(TypeReferences owner, HashSet<TypeDefinitionHandle> found) : ISignatureTypeProvider<int, object?>
    {
        public HashSet<TypeDefinitionHandle> Found { get; } = found;

        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Found.Add(handle);
            return 0;
        }

        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            owner.Entity(handle, this);
            return 0;
        }

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;

        public int GetArrayType(int elementType, ArrayShape shape) => 0;

        public int GetByReferenceType(int elementType) => 0;

        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;

        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;

        public int GetGenericMethodParameter(object? genericContext, int index) => 0;

        public int GetGenericTypeParameter(object? genericContext, int index) => 0;

        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;

        public int GetPinnedType(int elementType) => 0;

        public int GetPointerType(int elementType) => 0;

        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;

        public int GetSZArrayType(int elementType) => 0;
    }
}
