import { Module } from '@nestjs/common';
import { StaffController } from './staff.controller';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ controllers: [UsersController, StaffController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
