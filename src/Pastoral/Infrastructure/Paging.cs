namespace Pastoral.Infrastructure;

/// <summary>The API's one check of <c>page</c> and <c>pageSize</c> on a paged list (answers in the <c>{items,total,page,pageSize}</c> shape).</summary>
public static class Paging
{
    /// <summary>The validation problems of a requested page (1 or more) and page size (1 to <paramref name="maxPageSize"/>), or null when both are fine or absent.</summary>
    public static Dictionary<string, string[]>? Problems(int? page, int? pageSize, int maxPageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1) errors["page"] = ["page must be 1 or more."];
        if (pageSize is < 1 || pageSize > maxPageSize) errors["pageSize"] = [$"pageSize must be between 1 and {maxPageSize}."];
        return errors.Count > 0 ? errors : null;
    }
}
