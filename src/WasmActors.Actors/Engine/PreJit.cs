using System.Reflection;
using System.Runtime.CompilerServices;

namespace WasmActors.Actors.Engine;

/// <summary>
/// Compiles every method of some namespaces (lambdas and nested types included) before anything calls them: the
/// actors' code that only a real fork or migration reaches — which <see cref="NodeWarmUp"/>, running the engine
/// without actors or a memory node, cannot — is otherwise compiled on the first one's critical path (ADR-024).
/// Generic definitions are left out: they compile per instantiation, on first use.
/// </summary>
internal static class PreJit
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>Compiles the methods of the types of <paramref name="assembly"/> in <paramref name="namespaces"/>; returns how many.</summary>
    public static int Namespaces(Assembly assembly, params string[] namespaces)
    {
        var compiled = 0;
        foreach (var type in assembly.GetTypes().Where(t => namespaces.Contains(t.Namespace) && !t.ContainsGenericParameters && !t.IsInterface))
        {
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)).Where(HasBody))
            {
                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    compiled++;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException)
                {
                    // Left to its first call, as without this.
                }
            }
        }

        return compiled;
    }

    private static bool HasBody(MethodBase method) =>
        !method.IsAbstract && !method.ContainsGenericParameters && (method.MethodImplementationFlags & MethodImplAttributes.InternalCall) == 0 &&
        (method.Attributes & MethodAttributes.PinvokeImpl) == 0;
}
