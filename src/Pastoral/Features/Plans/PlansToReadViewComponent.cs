using Microsoft.AspNetCore.Mvc;

namespace Pastoral.Features.Plans;

public sealed class PlansToReadViewComponent : ViewComponent
{
    public IViewComponentResult Invoke() => Content("");
}
