import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '../auth/authenticated-user';
import { UsersService } from './users.service';

/** Colleagues' names for "Lida por Ana" on every station: any signed-in role of the hospital, no e-mails. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/staff')
@Roles('admin', 'nurse', 'agent')
export class StaffController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.users.staff(user.tenantId);
  }
}
