using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Pastoral.Features.Admin.Pages;

[Authorize(Policy = AdminModule.AdminPolicy)]
public sealed class IndexModel(IEnumerable<AdminSection> sections, IAuthorizationService authorization) : PageModel
{
    public List<AdminSection> Sections { get; } = [];

    public async Task OnGetAsync()
    {
        foreach (var section in sections.OrderBy(s => s.Order))
            if ((await authorization.AuthorizeAsync(User, section.Policy)).Succeeded) Sections.Add(section);
    }
}
