using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WasmActors.Wasm.Generators;

/// <summary>
/// Generates, from the one declaration of each internal op of WasmActors.Wasm (a <c>[SpecialOp]</c> on
/// <c>SpecialOps</c>, or an <c>[Op]</c> on its <c>OpSemantics</c> method):
/// <list type="bullet">
/// <item><c>Op</c>, the enum of the internal code, in declaration order;</item>
/// <item><c>OpInfo</c>: each op's operand layout, instruction length, branch targets, slot effect, whether it falls
/// through, calls or touches memory;</item>
/// <item><c>OpMap</c>: the wasm instructions each op compiles, its immediate and compare-and-branch forms, the
/// negation of each branch;</item>
/// <item><c>OpMethods</c>: the semantics and helper methods compiled bodies call, obtained through delegates (no
/// lookup by name at run time);</item>
/// <item>the interpreter's dispatch loop: the <c>[InterpreterTemplate]</c> method with a case for every numeric op
/// added to its switch, each calling the op's semantics (which the JIT inlines).</item>
/// </list>
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpGenerator : IIncrementalGenerator
{
    private const string Namespace = "WasmActors.Wasm.Execution";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var special = context.SyntaxProvider.ForAttributeWithMetadataName(
            Namespace + ".SpecialOpAttribute",
            static (node, _) => node is ClassDeclarationSyntax,
            static (ctx, _) =>
            {
                var helpers = ctx.SemanticModel.Compilation.GetTypeByMetadataName(Namespace + ".IlHelpers");
                return new EquatableArray<OpModel>([.. ctx.Attributes.Select(a => OpModel.FromSpecial(a, helpers))]);
            });

        var numeric = context.SyntaxProvider.ForAttributeWithMetadataName(
            Namespace + ".OpAttribute",
            static (node, _) => node is MethodDeclarationSyntax,
            static (ctx, _) => (Model: OpModel.FromSemantics((IMethodSymbol)ctx.TargetSymbol, ctx.Attributes[0]), Position: ctx.TargetNode.SpanStart));

        var template = context.SyntaxProvider.ForAttributeWithMetadataName(
            Namespace + ".InterpreterTemplateAttribute",
            static (node, _) => node is MethodDeclarationSyntax,
            static (ctx, _) => InterpreterTemplate.From((MethodDeclarationSyntax)ctx.TargetNode, ctx.Attributes[0]));

        var ops = special.Collect().Combine(numeric.Collect()).Select(static (pair, _) =>
        {
            var all = pair.Left.SelectMany(group => group.AsEnumerable()).ToList();
            all.AddRange(pair.Right.OrderBy(n => n.Position).Select(n => n.Model));
            return new EquatableArray<OpModel>([.. all]);
        });

        context.RegisterSourceOutput(ops, static (spc, all) =>
        {
            var list = all.AsEnumerable().ToList();
            spc.AddSource("Op.g.cs", TableEmitter.OpEnum(list));
            spc.AddSource("OpInfo.g.cs", TableEmitter.OpInfo(list));
            spc.AddSource("OpMap.g.cs", TableEmitter.OpMap(list));
            spc.AddSource("OpMethods.g.cs", TableEmitter.OpMethods(list));
        });

        context.RegisterSourceOutput(template.Collect().Combine(ops), static (spc, pair) =>
        {
            foreach (var loop in pair.Left)
            {
                spc.AddSource($"{loop.Generated}.g.cs", loop.Expand(pair.Right.AsEnumerable().Where(op => op.IsNumeric)));
            }
        });
    }
}
