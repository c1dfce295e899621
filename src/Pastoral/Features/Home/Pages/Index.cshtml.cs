using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Home.Pages;

[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(IEnumerable<MyDayPanel> panels, IAuthorizationService authorization, CurrentStaff current) : PageModel
{
    public List<MyDayPanel> Panels { get; } = [];
    public string Greeting { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        Greeting = staff.Name.Split(' ')[0];
        foreach (var panel in panels.OrderBy(p => p.Order))
            if ((await authorization.AuthorizeAsync(User, panel.Policy)).Succeeded) Panels.Add(panel);
    }
}
