namespace System.Runtime.CompilerServices;

/// <summary>Lets records compile for netstandard2.0, which the compiler that loads the generator requires.</summary>
internal static class IsExternalInit;
