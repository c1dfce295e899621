using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Pastoral.Data;

/// <summary>
/// One compiled EF query (<c>EF.CompileAsyncQuery</c>) per model. A compiled query keeps what it compiled for the first context
/// it ran with; the SQLite and PostgreSQL contexts have models of their own (and so can a test app with its own interceptors), so
/// each model gets its own copy, compiled the first time it is asked for: <c>Query.For(db)(db, …)</c>.
/// </summary>
public sealed class PerModel<T>(Func<T> compile) where T : class
{
    private readonly ConditionalWeakTable<IModel, T> _compiled = new();

    public T For(DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
